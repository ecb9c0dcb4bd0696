package io.hostkeeper.common.web;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether this JVM encrypts AES-GCM with the CPU's AES and carry-less multiply instructions. Only
 * HotSpot's C2 compiler turns them on: with C1 alone ({@code -XX:TieredStopAtLevel=1}, as
 * {@code packaging/jvm/exporter.args} asks for a small footprint), with {@code -Xint}, or on a CPU
 * without them (a Raspberry Pi 4), AES-GCM runs as plain Java and a 40 KiB scrape costs about 2 ms
 * of CPU to encrypt, more than it costs to collect. ChaCha20-Poly1305 is then several times
 * cheaper, so {@link TlsContext} offers it first: the rule Go's crypto/tls follows on machines
 * without AES hardware.
 */
final class AesHardware {
  private AesHardware() {}

  /** What this JVM and CPU say; true (keep the JVM's order) when either cannot be told. */
  static boolean detect() {
    String cpuinfo;
    try {
      cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      cpuinfo = null;
    }
    HotSpotDiagnosticMXBean vm;
    try {
      vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    } catch (RuntimeException e) {
      vm = null;
    }
    HotSpotDiagnosticMXBean bean = vm;
    return used(name -> {
      if (bean == null) return null;
      try {
        return bean.getVMOption(name).getValue();
      } catch (RuntimeException e) {
        return null;
      }
    }, cpuinfo, System.getProperty("os.arch", ""));
  }

  /**
   * @param vmOption a HotSpot option's value by name, null when unknown (another JVM)
   * @param cpuinfo the text of /proc/cpuinfo, null when there is none (not Linux)
   * @param arch {@code os.arch}
   */
  static boolean used(Function<String, String> vmOption, String cpuinfo, String arch) {
    return c2(vmOption) && cpuHasAes(cpuinfo, arch);
  }

  /** Whether C2 compiles hot code (only C2 uses the AES and GHASH intrinsics). */
  static boolean c2(Function<String, String> vmOption) {
    if ("false".equals(vmOption.apply("UseCompiler"))) return false; // -Xint
    if ("false".equals(vmOption.apply("TieredCompilation"))) return true; // C2 alone
    String level = vmOption.apply("TieredStopAtLevel");
    return level == null || !level.matches("[0-3]");
  }

  /** Whether the CPU flags name AES and carry-less multiply; true when they cannot be read. */
  static boolean cpuHasAes(String cpuinfo, String arch) {
    if (cpuinfo == null) return true;
    String a = arch.toLowerCase(Locale.ROOT);
    Set<String> needed;
    String label;
    if (a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.equals("i386")) {
      needed = Set.of("aes", "pclmulqdq");
      label = "flags";
    } else if (a.equals("aarch64") || a.equals("arm64")) {
      needed = Set.of("aes", "pmull");
      label = "Features";
    } else {
      return true;
    }
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).strip().equals(label)) continue;
      List<String> flags = List.of(line.substring(colon + 1).strip().split("\\s+"));
      return flags.containsAll(needed); // the first processor speaks for all
    }
    return true;
  }
}
