package io.hostkeeper.common.config;

import java.time.Duration;

public record TcpCheck(@Required HostPort address, @Default("1s") Duration timeout) {}
