package io.hostkeeper.worker.backup.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What one archive holds: every member with its size and SHA-256, what was left out and why, and
 * the SHA-256 of the plaintext stream (what {@code gpg -d} prints: the compressed tar) and of the
 * ciphertext (the archive file). Stored in the catalogue and beside the archive as
 * {@code ARCHIVE.manifest.json}; the member list is also the archive's last tar member,
 * {@value #MEMBER_NAME}, so an archive can be verified on its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    int format,
    String backup,
    String archive,
    String created,
    String compression,
    List<String> recipients,
    List<Member> members,
    List<Problem> problems,
    Digest plaintext,
    Digest ciphertext) {

  public static final String MEMBER_NAME = ".hostkeeper-manifest.json";
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.INDENT_OUTPUT, false);

  public Manifest {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
    members = members == null ? List.of() : List.copyOf(members);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** One tar member. type: file, dir, symlink. sha256 only for files; link only for symlinks. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Member(String name, String type, long size, String sha256, int mode, long mtime, String link) {}

  /** A path left out or changed while it was read (unreadable with on_unreadable: skip, missing_ok, ...). */
  public record Problem(String path, String problem) {}

  public record Digest(long size, String sha256) {}

  public Manifest withDigests(Digest plaintext, Digest ciphertext) {
    return new Manifest(format, backup, archive, created, compression, recipients, members, problems, plaintext, ciphertext);
  }

  public long totalMemberBytes() {
    return members.stream().mapToLong(Member::size).sum();
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Manifest fromJson(String json) throws IOException {
    return JSON.readValue(json, Manifest.class);
  }
}
