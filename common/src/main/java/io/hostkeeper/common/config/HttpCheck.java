package io.hostkeeper.common.config;

import java.time.Duration;
import java.util.regex.Pattern;

public record HttpCheck(
    @Required String url,
    @Default("GET") String method,
    @Default("200-299") StatusRange expectStatus,
    /** Optional: the body must contain a match of this regex. */
    Pattern expectBody,
    @Default("2s") Duration timeout,
    @Default("true") boolean tlsVerify,
    @Default("5") int maxRedirects) {}
