"""Signal-detection benchmarks: the labelled evaluation set and its scorer."""
