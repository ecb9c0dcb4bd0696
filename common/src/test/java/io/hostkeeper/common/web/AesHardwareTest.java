package io.hostkeeper.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AesHardwareTest {
  /** The first processor of an i7-8650U (the shared "server" capture), flags cut around the two that count. */
  private static final String X86 = "processor\t: 0\nvendor_id\t: GenuineIntel\n"
      + "flags\t\t: fpu vme sse sse2 ss ht pclmulqdq dtes64 monitor ssse3 sse4_1 sse4_2 aes xsave avx rdrand\n"
      + "bugs\t\t: cpu_meltdown spectre_v1\n\nprocessor\t: 1\nflags\t\t: fpu vme\n";
  /** An old Atom/Celeron without AES-NI. */
  private static final String X86_NO_AES = "processor\t: 0\nflags\t\t: fpu vme sse sse2 ssse3 pclmulqdq\n";
  /** Raspberry Pi 4 (Cortex-A72 in a BCM2711: no ARMv8 crypto extensions). */
  private static final String PI4 = "processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\n"
      + "CPU implementer\t: 0x41\nCPU part\t: 0xd08\n";
  /** Raspberry Pi 5 (Cortex-A76). */
  private static final String PI5 = "processor\t: 0\nBogoMIPS\t: 108.00\n"
      + "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp\n"
      + "CPU part\t: 0xd0b\n";

  private static final Map<String, String> CPUINFO = Map.of("x86", X86, "x86-no-aes", X86_NO_AES, "pi4", PI4, "pi5", PI5);

  private static Function<String, String> vm(String kind) {
    Map<String, String> options = switch (kind) {
      case "tiered" -> Map.of("UseCompiler", "true", "TieredCompilation", "true", "TieredStopAtLevel", "4");
      case "c1-only" -> Map.of("UseCompiler", "true", "TieredCompilation", "true", "TieredStopAtLevel", "1");
      case "c2-only" -> Map.of("UseCompiler", "true", "TieredCompilation", "false", "TieredStopAtLevel", "1");
      case "xint" -> Map.of("UseCompiler", "false", "TieredCompilation", "false", "TieredStopAtLevel", "4");
      case "unknown" -> Map.of();
      default -> throw new IllegalArgumentException(kind);
    };
    return options::get;
  }

  @ParameterizedTest(name = "{0} JVM on {1} ({2}): {3}")
  @CsvSource({
      "tiered,  x86,        amd64,   true",
      "c1-only, x86,        amd64,   false", // packaging/jvm/exporter.args
      "c2-only, x86,        amd64,   true",
      "xint,    x86,        amd64,   false",
      "tiered,  x86-no-aes, amd64,   false",
      "tiered,  pi4,        aarch64, false",
      "tiered,  pi5,        aarch64, true",
      "c1-only, pi5,        aarch64, false",
      "unknown, pi5,        aarch64, true", // another JVM: keep its order
      "tiered,  none,       amd64,   true", // no /proc/cpuinfo: cannot tell, keep the JVM's order
      "tiered,  pi4,        riscv64, true", // an architecture whose flags are not known here
  })
  void aesRunsInHardwareOnlyWithC2AndTheCpuInstructions(String jvm, String cpu, String arch, boolean expected) {
    assertEquals(expected, AesHardware.used(vm(jvm), CPUINFO.get(cpu), arch));
  }
}
