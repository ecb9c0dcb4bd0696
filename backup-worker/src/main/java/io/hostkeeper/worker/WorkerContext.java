package io.hostkeeper.worker;

import io.hostkeeper.common.config.HostkeeperConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What every part of the worker may depend on, built once at start.
 *
 * @param config the validated configuration
 * @param dataDir the worker's data directory (exists and is writable)
 * @param registry where worker metrics are registered (served on worker.metrics_listen)
 * @param stateDb the state database (history, backup catalogue, watchdog state); areas create
 *     their tables with {@link io.hostkeeper.worker.history.StateDatabase#migrate}
 * @param clock the clock; tests pass a fixed or fake one
 */
public record WorkerContext(
    HostkeeperConfig config, Path dataDir, PrometheusRegistry registry, Jdbi stateDb, Clock clock) {}
