package io.hostkeeper.common.config;

public record SystemdCheck(@Required String unit) {}
