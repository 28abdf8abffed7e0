package io.strata.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.Pipelines;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.generate.StateFingerprints;
import io.strata.layers.plan.LayerGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.shaded.guava31.com.google.common.hash.Hashing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;

/**
 * Every operator of a pipeline's job with its uid, the operator id Flink derives from it (the key
 * of its state in a savepoint), its table, and for stateful operators what the state holds. Written
 * beside savepoints and into job parameters ("the state manifest") so that a later {@code strata
 * plan --against} can name the state a savepoint holds.
 */
public record StateInventory(String pipeline, List<Operator> operators) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The job parameter (and file name beside a savepoint) that carries the manifest. */
  public static final String MANIFEST_KEY = "strata.state-manifest";

  public static final String MANIFEST_FILE = "strata-state.json";

  /**
   * One operator.
   *
   * @param what what its state holds, null for operators Strata knows to be stateless
   */
  public record Operator(String table, String uid, String operatorId, String what) {
    public String baseUid() {
      return StateFingerprints.baseUid(uid);
    }

    public boolean stateful() {
      return what != null;
    }
  }

  /**
   * Composes the pipeline's job as it runs (sinks, checkpoints, fingerprinted uids) and lists it.
   */
  public static StateInventory of(LayerGraph graph) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    JobContext ctx =
        JobComposer.compose(graph, env, RunOptions.continuous(), new KafkaDeadLetterOutput());
    return of(ctx);
  }

  public static StateInventory of(Path config) {
    return of(Pipelines.load(config));
  }

  /** Fingerprints a composed job (see {@link StateFingerprints}) and lists its operators. */
  public static StateInventory of(JobContext ctx) {
    List<StateFingerprints.Fingerprinted> stateful =
        StateFingerprints.apply(ctx.env(), ctx.pipeline());
    Map<String, String> whatByUid = new LinkedHashMap<>();
    stateful.forEach(f -> whatByUid.put(f.uid(), f.what()));
    List<Operator> ops = new ArrayList<>();
    for (StreamNode n : ctx.env().getStreamGraph(false).getStreamNodes()) {
      String uid = n.getTransformationUID();
      if (uid == null) {
        continue;
      }
      String what = whatByUid.get(uid);
      if (what == null && isSinkWithState(n)) {
        what =
            uid.startsWith("Sink Committer: ")
                ? "sink committables (open transactions)"
                : "sink writer state";
      }
      ops.add(new Operator(StateFingerprints.tableOf(uid), uid, operatorId(uid), what));
    }
    return new StateInventory(ctx.pipeline().settings().name(), ops);
  }

  private static boolean isSinkWithState(StreamNode n) {
    String name = n.getOperatorName();
    return name.endsWith(": Writer") || name.endsWith(": Committer");
  }

  /** The operator id Flink derives from a uid (StreamGraphHasherV2: murmur3_128 of the uid). */
  public static String operatorId(String uid) {
    byte[] hash =
        Hashing.murmur3_128(0).newHasher().putString(uid, StandardCharsets.UTF_8).hash().asBytes();
    return new OperatorID(hash).toHexString();
  }

  public Operator byOperatorId(String id) {
    return operators.stream().filter(o -> o.operatorId().equals(id)).findFirst().orElse(null);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("pipeline", pipeline);
    ArrayNode arr = root.putArray("operators");
    for (Operator o : operators) {
      ObjectNode n = arr.addObject();
      n.put("table", o.table()).put("uid", o.uid()).put("operatorId", o.operatorId());
      if (o.what() != null) {
        n.put("state", o.what());
      }
    }
    return root.toString();
  }

  public static StateInventory fromJson(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      List<Operator> ops = new ArrayList<>();
      for (JsonNode n : root.path("operators")) {
        ops.add(
            new Operator(
                n.path("table").asText(),
                n.path("uid").asText(),
                n.path("operatorId").asText(),
                n.has("state") ? n.path("state").asText() : null));
      }
      return new StateInventory(root.path("pipeline").asText(), ops);
    } catch (IOException e) {
      throw new UncheckedIOException("not a Strata state manifest: " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      Files.writeString(file, toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
