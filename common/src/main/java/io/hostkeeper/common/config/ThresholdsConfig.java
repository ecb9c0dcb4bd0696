package io.hostkeeper.common.config;

/** Levels behind {@code /api/status}; the alert rules ship the same defaults. */
public record ThresholdsConfig(
    @Default("{warning: 80, critical: 95}") Threshold cpu,
    @Default("{warning: 80, critical: 90}") Threshold memory,
    @Default("{warning: 80, critical: 90}") Threshold disk,
    @Default("{warning: 70, critical: 80}") Threshold temperature,
    @Default("{warning: 50}") Threshold swap) {}
