package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.LogConfig.Codec;
import java.nio.file.Path;
import java.util.List;

/** One file operation of a rotation plan. Each is idempotent when re-run after an interruption. */
public sealed interface Step {

  /** Renames {@code from} to {@code to} in the same directory (shifting a numbered file, or the rename rotation). */
  record Rename(Path from, Path to) implements Step {}

  /** Copies the live file to {@code to} (temp, fsync, rename), then truncates the live file. */
  record CopyTruncate(Path live, Path to) implements Step {}

  /** Creates the new empty live file with a mode/owner/group (null: those of {@code template}). */
  record Create(Path live, Path template, String mode, String owner, String group) implements Step {}

  /** Runs the post_rotate command. */
  record PostRotate(List<String> argv) implements Step {
    public PostRotate {
      argv = List.copyOf(argv);
    }
  }

  /** Compresses {@code source} into {@code target} (temp, fsync, rename), then deletes the source. */
  record Compress(Path source, Path target, Codec codec) implements Step {}

  /** Deletes a rotated file beyond keep or older than max_age. */
  record Delete(Path file, String why) implements Step {}
}
