package io.hostkeeper.common.config;

import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Finds, reads and binds {@code hostkeeper.yml}. Search order: the explicit {@code --config FILE},
 * else {@code $HOSTKEEPER_CONFIG}, else {@code ./hostkeeper.yml}, else
 * {@code /etc/hostkeeper/hostkeeper.yml}, else the embedded defaults (an empty document), which are
 * valid on any host.
 */
public final class ConfigLoader {
  public static final String EMBEDDED_DEFAULTS = "embedded defaults";
  public static final String ENV_VAR = "HOSTKEEPER_CONFIG";
  /** The places searched when neither --config nor $HOSTKEEPER_CONFIG is given, in order. */
  public static final List<Path> DEFAULT_LOCATIONS = List.of(Path.of("hostkeeper.yml"), Path.of("/etc/hostkeeper/hostkeeper.yml"));

  /** Far above any real file (a few KB), low enough that reading hostile input stays cheap. */
  static final int MAX_CODE_POINTS = 2 * 1024 * 1024;
  /** The largest file read: the same bound in bytes, so /dev/zero or a log file given by mistake costs little. */
  static final int MAX_BYTES = MAX_CODE_POINTS;
  /** A FIFO swapped in, or a hung network file system, ends in an error after this. */
  static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(10);
  static final int MAX_ALIASES = 50;
  /** How deep a document may nest, for the parser and the binder alike. */
  static final int MAX_NESTING = 40;

  private ConfigLoader() {}

  /** @throws ConfigException listing every problem, or saying that an explicit file cannot be read */
  public static LoadedConfig load(Optional<Path> explicit) {
    return load(explicit, System::getenv, DEFAULT_LOCATIONS);
  }

  /** {@link #load(Optional)} with the environment and the fallback locations given (for tests). */
  public static LoadedConfig load(Optional<Path> explicit, UnaryOperator<String> env, List<Path> fallbacks) {
    if (explicit.isPresent()) return parse(read(explicit.get(), "--config"), explicit.get().toString(), env);
    String fromEnv = env.apply(ENV_VAR);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path p = Path.of(fromEnv);
      return parse(read(p, "$" + ENV_VAR), p.toString(), env);
    }
    for (Path p : fallbacks) {
      if (Files.exists(p)) return parse(read(p, "search"), p.toString(), env);
    }
    return parse("", EMBEDDED_DEFAULTS, env);
  }

  /** Binds YAML text; {@code sourceName} names it in {@link LoadedConfig#source()}. */
  public static LoadedConfig parse(String yaml, String sourceName) {
    return parse(yaml, sourceName, System::getenv);
  }

  /** {@link #parse(String, String)} with {@code ${env:NAME}} resolved through {@code env}. */
  public static LoadedConfig parse(String yaml, String sourceName, UnaryOperator<String> env) {
    if (yaml.length() > MAX_CODE_POINTS && yaml.codePointCount(0, yaml.length()) > MAX_CODE_POINTS) {
      throw new ConfigException(List.of(new ConfigError("", -1, "the document is too large (more than " + MAX_CODE_POINTS + " characters)")), sourceName);
    }
    Node root;
    try {
      root = compose(yaml);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(List.of(syntaxError(e)), sourceName);
    } catch (YAMLException e) {
      throw new ConfigException(List.of(new ConfigError("", -1, "cannot read YAML: " + firstLine(e.getMessage()))), sourceName);
    }
    if (root != null && !(root instanceof MappingNode) && !YamlNodes.isNull(root)) {
      // Never echo the content: the file may be anything (--config /etc/shadow).
      throw new ConfigException(List.of(notAConfig(root, "its top level is " + YamlNodes.kind(root)
          + ", not a mapping of sections")), sourceName);
    }
    if (root instanceof MappingNode map && noKnownSection(map)) {
      throw new ConfigException(List.of(notAConfig(root, "none of its top-level keys is a hostkeeper section")), sourceName);
    }
    YamlBinder binder = new YamlBinder(env);
    YamlBinder.Sections<HostkeeperConfig> bound = binder.bindSections(root, HostkeeperConfig.class);
    List<ConfigError> errors = binder.errors();
    if (!errors.isEmpty()) {
      LoadedConfig partial = bound.partial() == null ? null : new LoadedConfig(bound.partial(), sourceName, binder.lines());
      throw new ConfigException(errors, sourceName, partial, bound.failed());
    }
    return new LoadedConfig(bound.partial(), sourceName, binder.lines());
  }

  /** The top-level keys a hostkeeper file may have: exporter, services, worker, backups, logs, databases. */
  static final List<String> SECTIONS = java.util.Arrays.stream(HostkeeperConfig.class.getRecordComponents())
      .map(c -> KeyNames.snake(c.getName())).toList();

  /** True when no top-level key is a section or close to one (a typo gets its "did you mean" hint instead). */
  private static boolean noKnownSection(MappingNode map) {
    if (map.getValue().isEmpty()) return false;
    for (NodeTuple t : map.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) return false;
      if (SECTIONS.contains(k.getValue()) || KeyNames.closest(k.getValue(), SECTIONS) != null || k.getValue().equals("<<")) return false;
    }
    return true;
  }

  private static ConfigError notAConfig(Node root, String why) {
    int line = root.getStartMark() == null ? -1 : root.getStartMark().getLine() + 1;
    return new ConfigError("", line, "not a hostkeeper configuration: " + why + " (" + String.join(":, ", SECTIONS)
        + ":); is this the right file? (its content is not shown)");
  }

  /** The node tree of one YAML document, with the limits that keep hostile input cheap; null if empty. */
  static Node compose(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setProcessComments(false);
    return new Yaml(options).compose(new StringReader(yaml));
  }

  private static String read(Path path, String via) {
    String how = switch (via) {
      case "--config" -> "config file ";
      case "search" -> "config file ";
      default -> "config file from " + via + " ";
    };
    try {
      byte[] bytes = SafeFiles.readSmallRegularFile(path, MAX_BYTES, READ_TIMEOUT);
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw fileError(how + path + " does not exist");
    } catch (AccessDeniedException e) {
      throw fileError("cannot read " + how + path + ": permission denied");
    } catch (CharacterCodingException e) {
      throw fileError(how + path + " is not UTF-8 text");
    } catch (SafeFiles.FileTooLargeException e) {
      throw fileError(how + path + " is too large (" + (e.size() >= 0 ? e.size() + " bytes" : "it grew while being read")
          + "; at most " + MAX_BYTES + " bytes): give the path of a hostkeeper YAML file");
    } catch (FileSystemException e) {
      if (Files.isDirectory(path)) throw fileError(how + path + " is a directory; give the path of a YAML file");
      String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason().replace("; refused", "");
      if (reason.contains("not a regular file")) throw fileError(how + path + " " + reason + "; give the path of a YAML file");
      throw fileError("cannot read " + how + path + ": it " + reason);
    } catch (IOException e) {
      throw fileError("cannot read " + how + path + ": " + e.getMessage());
    }
  }

  private static ConfigException fileError(String message) {
    return new ConfigException(new ConfigError("", -1, message));
  }

  private static ConfigError syntaxError(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String problem = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
    String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
    int line = mark == null ? -1 : mark.getLine() + 1;
    String column = mark == null ? "" : " at column " + (mark.getColumn() + 1);
    String text = (firstLine(problem) + context).replace("'\\t(TAB)'", "a tab").replace("\\t(TAB)", "tabs");
    return new ConfigError("", line, "YAML syntax error" + column + ": " + withoutContent(text));
  }

  /**
   * The parser's message without the file's text: it names what it found (an alias, an anchor, a
   * tag, an escape), which for a file given by mistake may be a secret. A single character it
   * quotes and its own tokens such as {@code <stream end>} stay.
   */
  static String withoutContent(String message) {
    String m = message.replaceAll("(alias|anchor|tag|directive|escape character) [^ ,;()]+", "$1 (not shown)");
    return m;
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown problem";
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
