"""Files into the output folder: the only writer of public/, the atomic swap, the build lock."""
