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
 * ciphertext (the archive file). Stored in the (private) catalogue and, without the digests, as
 * the archive's last tar member {@value #MEMBER_NAME}, so an archive can be verified on its own.
 *
 * <p>Beside the archive, unencrypted, lies only its {@link Summary} ({@code ARCHIVE.manifest.json},
 * format {@value #SUMMARY_FORMAT}): no path, size, mode or hash of any member, only what retention
 * and the keyless checks need. Side manifests written before (format {@value #FORMAT}) hold the full
 * manifest; {@link #fromJson} reads both, and {@link #listsMembers()} tells them apart.
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
  /** The format of the small side manifest ({@link Summary}). */
  public static final int SUMMARY_FORMAT = 2;

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

  /**
   * What is kept outside the encryption: the archive's identity, counts, and the sizes and SHA-256
   * of the plaintext stream and of the archive file (for keyless checks of remote and local copies).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @com.fasterxml.jackson.annotation.JsonPropertyOrder({"format", "backup", "archive", "created", "compression",
      "recipients", "member_count", "problem_count", "member_list", "plaintext", "ciphertext"})
  public record Summary(
      int format,
      String backup,
      String archive,
      String created,
      String compression,
      List<String> recipients,
      @com.fasterxml.jackson.annotation.JsonProperty("member_count") int memberCount,
      @com.fasterxml.jackson.annotation.JsonProperty("problem_count") int problemCount,
      @com.fasterxml.jackson.annotation.JsonProperty("member_list") String memberList,
      Digest plaintext,
      Digest ciphertext) {
    public String toJson() {
      return json(this);
    }
  }

  /** This manifest's side summary. */
  public Summary summary() {
    return new Summary(SUMMARY_FORMAT, backup, archive, created, compression, recipients, members.size(), problems.size(),
        "inside the encrypted archive, as " + MEMBER_NAME, plaintext, ciphertext);
  }

  /**
   * False for a side summary (format {@value #SUMMARY_FORMAT}), whose member list is only inside the
   * archive: then {@link #members()} is empty and says nothing about the archive's content.
   */
  public boolean listsMembers() {
    return format != SUMMARY_FORMAT;
  }

  public Manifest withDigests(Digest plaintext, Digest ciphertext) {
    return new Manifest(format, backup, archive, created, compression, recipients, members, problems, plaintext, ciphertext);
  }

  public long totalMemberBytes() {
    return members.stream().mapToLong(Member::size).sum();
  }

  public String toJson() {
    return json(this);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Manifest fromJson(String json) throws IOException {
    return JSON.readValue(json, Manifest.class);
  }
}
