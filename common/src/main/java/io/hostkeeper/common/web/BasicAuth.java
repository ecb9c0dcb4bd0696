package io.hostkeeper.common.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Checks an {@code Authorization: Basic} header against {@code basic_auth_users} (bcrypt hashes).
 * A bcrypt check costs tens of milliseconds by design, so successful checks are remembered in a
 * small LRU cache keyed by a SHA-256 of user, stored hash and password (never the password
 * itself): a scrape every 15 s pays it once. An unknown user is checked against a fixed hash so
 * that timing does not tell which users exist, and checks run one at a time so that a flood of
 * wrong passwords costs one core at most.
 */
public final class BasicAuth {
  /** What a request's credentials are. */
  public enum Outcome { OK, MISSING, INVALID }

  static final int CACHE_SIZE = 100;

  private final Map<String, String> users;
  private final BiPredicate<String, String> bcrypt;
  private final Object bcryptLock = new Object();
  /** A hash of a random password at the users' cost, made on the first unknown user. */
  private volatile String dummy;
  private final Map<String, Boolean> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  public BasicAuth(Map<String, String> users) {
    this(users, BasicAuth::bcryptMatches);
  }

  /** @param bcrypt (password, hash) → matches; tests count the calls */
  BasicAuth(Map<String, String> users, BiPredicate<String, String> bcrypt) {
    if (users.isEmpty()) throw new IllegalArgumentException("no users");
    this.users = Map.copyOf(users);
    this.bcrypt = bcrypt;
  }

  public Outcome check(String authorization) {
    String[] credentials = parse(authorization);
    if (credentials == null) return Outcome.MISSING;
    String user = credentials[0];
    String password = credentials[1];
    String hash = users.get(user);
    boolean known = hash != null;
    if (!known) hash = dummy();
    String key = cacheKey(user, hash, password);
    synchronized (cache) {
      if (known && cache.containsKey(key)) return Outcome.OK;
    }
    boolean ok;
    synchronized (bcryptLock) {
      ok = bcrypt.test(password, hash);
    }
    if (!(ok && known)) return Outcome.INVALID;
    synchronized (cache) {
      cache.put(key, Boolean.TRUE);
    }
    return Outcome.OK;
  }

  private String dummy() {
    String d = dummy;
    if (d == null) {
      var m = WebConfigFile.BCRYPT.matcher(users.values().iterator().next());
      int cost = m.matches() ? Integer.parseInt(m.group(1)) : 10;
      d = BCrypt.hashpw(java.util.UUID.randomUUID().toString(), BCrypt.gensalt(Math.max(4, Math.min(cost, 31))));
      dummy = d;
    }
    return d;
  }

  /** {user, password} of a Basic header, or null when there is none or it is malformed. */
  static String[] parse(String authorization) {
    if (authorization == null) return null;
    String h = authorization.strip();
    if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(h.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
    String s = new String(decoded, StandardCharsets.UTF_8);
    int colon = s.indexOf(':');
    if (colon < 0) return null;
    return new String[] {s.substring(0, colon), s.substring(colon + 1)};
  }

  static String cacheKey(String user, String hash, String password) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {user, hash, password}) {
        d.update(part.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean bcryptMatches(String password, String hash) {
    try {
      return BCrypt.checkpw(password, hash);
    } catch (IllegalArgumentException e) {
      return false; // e.g. a password longer than bcrypt's 72 bytes
    }
  }
}
