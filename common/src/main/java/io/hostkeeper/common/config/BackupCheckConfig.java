package io.hostkeeper.common.config;

/**
 * {@code backups[].check}: re-read each stored archive on a schedule and compare its ciphertext
 * SHA-256 with its manifest (no private key needed). With {@code remote: true} the remote copies
 * are read back too.
 */
public record BackupCheckConfig(
    @Default("@weekly") Schedule schedule,
    @Default("false") boolean remote) {}
