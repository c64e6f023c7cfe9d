package dev.engram.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Best-effort removal of the temporary trees the embedded servers leave behind. */
final class TempDirs {
  private TempDirs() {
  }

  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // Best effort: a leftover temp file must not fail a shutdown.
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // Best effort, as above.
    }
  }
}
