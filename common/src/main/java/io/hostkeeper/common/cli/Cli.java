package io.hostkeeper.common.cli;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command the same way in both jars. A {@link StartupFailure} becomes exactly one
 * line {@code <program>: error: <message>} on stderr and exit code 2; an invalid configuration at
 * start-up is reported the same way (one line per error). Stack traces are left for bugs.
 */
public final class Cli {
  /** Exit code of a start-up the user can fix (bad config, port in use, unwritable directory). */
  public static final int STARTUP_FAILURE = 2;

  private Cli() {}

  /** Runs the command and exits the JVM with its exit code. */
  public static void run(String programName, Object command, String... args) {
    System.exit(execute(programName, command, args));
  }

  /** Runs the command with stdout/stderr and returns its exit code. */
  public static int execute(String programName, Object command, String... args) {
    return execute(programName, command, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command writing to {@code out}/{@code err} (for tests) and returns its exit code. */
  public static int execute(String programName, Object command, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(programName, command);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
      String message = userMessage(ex);
      if (message == null) throw ex;
      err.println(programName + ": error: " + message);
      err.flush();
      return STARTUP_FAILURE;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The picocli command line used by {@link #execute}: enum values case-insensitive, program name set. */
  public static CommandLine commandLine(String programName, Object command) {
    CommandLine cl = command instanceof CommandLine c ? c : new CommandLine(command);
    cl.setCommandName(programName);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /**
   * {@code runOnly} when {@code args} parse on it without asking for help or the version, else
   * {@code everything.get()}. A jar's command line with every subcommand costs picocli a model of
   * each (about a quarter of the main thread's work before the first scrape); a start that only
   * runs the service needs the run command alone, and anything else (another subcommand, help, an
   * argument that does not parse) gets the whole command line and answers exactly as before.
   */
  public static CommandLine forArgs(CommandLine runOnly, java.util.function.Supplier<CommandLine> everything,
      String... args) {
    try {
      for (CommandLine.ParseResult r = runOnly.parseArgs(args); r != null; r = r.subcommand()) {
        if (r.isUsageHelpRequested() || r.isVersionHelpRequested()) return everything.get();
      }
      return runOnly;
    } catch (CommandLine.ParameterException notARun) {
      return everything.get();
    }
  }

  /** The text to print for a failure the user can fix, or null for a bug (let it show its stack trace). */
  static String userMessage(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof StartupFailure f) return oneLine(f.getMessage());
      if (t instanceof ConfigException c) return describe(c);
    }
    return null;
  }

  private static String describe(ConfigException c) {
    String where = c.source() == null ? "" : c.source() + ": ";
    if (c.errors().size() == 1) return where + oneLine(c.errors().get(0).toString());
    StringBuilder sb = new StringBuilder("invalid configuration");
    if (c.source() != null) sb.append(" in ").append(c.source());
    sb.append(" (").append(c.errors().size()).append(" errors)");
    for (ConfigError e : c.errors()) sb.append(System.lineSeparator()).append("  ").append(oneLine(e.toString()));
    return sb.toString();
  }

  private static String oneLine(String s) {
    return s == null ? "unknown problem" : s.replace("\r", " ").replace("\n", " ");
  }
}
