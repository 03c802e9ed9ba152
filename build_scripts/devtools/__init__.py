"""Developer tools: benchmarks, Lighthouse, the Zensical check, the lock file, the test browser, synthetic data."""
