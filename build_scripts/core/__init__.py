"""What every stage and command shares: paths, the reader's language and number formats, the package reader."""
