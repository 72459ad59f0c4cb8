//! The build never deletes a file it did not make: output folders that name
//! the handbook, the theme or the working directory in another way, folders
//! that are not Folio sites, zips that would overwrite sources, staging
//! leftovers (issue 12).
