package io.hostkeeper.common.config;

import java.time.Duration;

/** Up when {@code name} resolves. */
public record DnsCheck(@Required String name, @Default("2s") Duration timeout) {}
