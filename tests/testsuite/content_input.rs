//! Hostile and unusual input to the load stage and the commands: symlinks,
//! FIFOs, byte-order marks, version ids and slugs that clash with the output
//! layout, broken pipes, control characters (issue 12).
