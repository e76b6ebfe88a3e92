// Never built: the package exists only to be vendored.
