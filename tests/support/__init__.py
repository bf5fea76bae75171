"""What several test packages share: synthetic data, signed deliveries, worker processes."""
