package io.hostkeeper.common.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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
import org.yaml.snakeyaml.nodes.Node;

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
  static final int MAX_ALIASES = 50;
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
    YamlBinder binder = new YamlBinder(env);
    HostkeeperConfig config = binder.bindRoot(root, HostkeeperConfig.class);
    List<ConfigError> errors = binder.errors();
    if (!errors.isEmpty()) throw new ConfigException(errors, sourceName);
    return new LoadedConfig(config, sourceName, binder.lines());
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
      if (Files.isDirectory(path)) throw fileError(how + path + " is a directory; give the path of a YAML file");
      long size = Files.size(path);
      if (size > MAX_CODE_POINTS) throw fileError(how + path + " is too large (" + size + " bytes; at most " + MAX_CODE_POINTS + ")");
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
    } catch (NoSuchFileException e) {
      throw fileError(how + path + " does not exist");
    } catch (AccessDeniedException e) {
      throw fileError("cannot read " + how + path + ": permission denied");
    } catch (CharacterCodingException e) {
      throw fileError(how + path + " is not UTF-8 text");
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
    return new ConfigError("", line, "YAML syntax error" + column + ": " + firstLine(problem) + context);
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown problem";
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
