package io.hostkeeper.exporter.collector.thermal;

import java.util.OptionalDouble;

/**
 * The narrow part of OSHI's {@code Sensors} the thermal collector uses on platforms without
 * sysfs. Values follow OSHI's contract: 0 or NaN means unknown and gives no sample.
 */
public interface SensorsSource {

  /** CPU temperature in degrees Celsius, if known. */
  OptionalDouble cpuTemperature();

  /** Fan speeds in RPM (0 = unknown). */
  int[] fanSpeeds();

  /** CPU voltage in volts, if known. */
  OptionalDouble cpuVoltage();

  /** Over OSHI's {@code Sensors}. */
  static SensorsSource of(oshi.hardware.Sensors sensors) {
    return new SensorsSource() {
      @Override
      public OptionalDouble cpuTemperature() {
        return known(sensors.getCpuTemperature());
      }

      @Override
      public int[] fanSpeeds() {
        return sensors.getFanSpeeds();
      }

      @Override
      public OptionalDouble cpuVoltage() {
        return known(sensors.getCpuVoltage());
      }
    };
  }

  static OptionalDouble known(double value) {
    return value == 0 || !Double.isFinite(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
