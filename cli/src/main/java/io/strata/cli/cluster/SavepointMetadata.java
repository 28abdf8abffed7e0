package io.strata.cli.cluster;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;

/**
 * What a savepoint (or retained checkpoint) holds, read from its {@code _metadata} file with
 * Flink's own reader: the operator ids that have state and how much. Flink 1.20 does not record
 * uids there, only their hashes; the Strata state manifest beside it (if any) names them.
 */
public record SavepointMetadata(
    Path directory,
    long checkpointId,
    Map<String, Long> stateBytesByOperatorId,
    StateInventory manifest) {

  /** Reads {@code <dir>/_metadata} (or the given {@code _metadata} file); file: URIs accepted. */
  public static SavepointMetadata read(String location) {
    Path path =
        location.startsWith("file:")
            ? Path.of(
                URI.create(
                    location.startsWith("file://") ? location : "file://" + location.substring(5)))
            : Path.of(location);
    Path metadata = Files.isDirectory(path) ? path.resolve("_metadata") : path;
    Path dir = metadata.getParent();
    if (!Files.isRegularFile(metadata)) {
      throw new IllegalArgumentException(
          location
              + " is not a savepoint: no _metadata file there"
              + " (savepoints on HDFS or S3: copy the directory locally first)");
    }
    Map<String, Long> bytes = new TreeMap<>();
    long id;
    try (InputStream in = Files.newInputStream(metadata)) {
      CheckpointMetadata m =
          Checkpoints.loadCheckpointMetadata(
              new DataInputStream(in), SavepointMetadata.class.getClassLoader(), dir.toString());
      id = m.getCheckpointId();
      for (OperatorState s : m.getOperatorStates()) {
        long size =
            s.getStateSize()
                + (s.getCoordinatorState() == null ? 0 : s.getCoordinatorState().getStateSize());
        if (size > 0 || s.hasSubtaskStates()) {
          bytes.put(s.getOperatorID().toHexString(), size);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the savepoint metadata " + metadata + ": " + e.getMessage(), e);
    }
    Path manifestFile = dir.resolve(StateInventory.MANIFEST_FILE);
    StateInventory manifest = null;
    if (Files.isRegularFile(manifestFile)) {
      try {
        manifest = StateInventory.fromJson(Files.readString(manifestFile));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new SavepointMetadata(dir, id, bytes, manifest);
  }
}
