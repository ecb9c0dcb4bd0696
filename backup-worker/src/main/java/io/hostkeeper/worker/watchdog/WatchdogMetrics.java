package io.hostkeeper.worker.watchdog;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code hostkeeper_service_restarts_total{service,result}} (result: success, failure, timeout) and
 * {@code hostkeeper_service_watchdog_state{service,state}}, one-hot over the five states. The state
 * series of a service appear with its first check after start (absent until the watchdog knows).
 */
public final class WatchdogMetrics {

  static final String[] RESULTS = {"success", "failure", "timeout"};

  private final Counter restarts;
  private final Gauge state;

  public WatchdogMetrics(PrometheusRegistry registry) {
    restarts = Counter.builder()
        .name("hostkeeper_service_restarts_total")
        .help("Restart attempts of a watched service by the worker's watchdog, by result (success, failure, timeout)")
        .labelNames("service", "result")
        .register(registry);
    state = Gauge.builder()
        .name("hostkeeper_service_watchdog_state")
        .help("Watchdog state of a service, one-hot over healthy, failing, restarting, cooling_down, gave_up")
        .labelNames("service", "state")
        .register(registry);
  }

  /** Starts the restart counters of a service at 0 so rate() and increase() see the first one. */
  void init(String service) {
    for (String result : RESULTS) restarts.initLabelValues(service, result);
  }

  void state(String service, WatchdogState current) {
    for (WatchdogState s : WatchdogState.values()) {
      state.labelValues(service, s.label()).set(s == current ? 1 : 0);
    }
  }

  void restarted(String service, String result) {
    restarts.labelValues(service, result).inc();
  }
}
