package io.hostkeeper.common.config;

import java.util.regex.Pattern;

/**
 * One entry of {@code exporter.process_groups:}: the processes whose command name or command line
 * matches {@code match} (a regular expression found anywhere in the text), reported together by
 * the {@code processgroups} collector under the label {@code group="<name>"}.
 */
public record ProcessGroupConfig(
    /** The {@code group} label: 1-64 letters, digits, '_', '.', ':' or '-'. */
    @Required String name,
    /** Regular expression searched in the text chosen by {@code match_on}. */
    @Required Pattern match,
    /** {@code cmdline} (the arguments joined by spaces) or {@code comm} (the kernel's 15-character name). */
    @Default("cmdline") MatchOn matchOn) {

  /** What {@link #match} is applied to. */
  public enum MatchOn { COMM, CMDLINE }

  public ProcessGroupConfig {
    if (name != null && !name.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new ConfigViolation("name", "must be 1-64 characters of letters, digits, '_', '.', ':' or '-'");
    }
    if (matchOn == null) matchOn = MatchOn.CMDLINE;
  }
}
