//! Hostile Markdown and front matter: pathological sizes stay fast (see the
//! benchmark), ids stay unique per page, control characters stay out of the
//! HTML (issue 12).
