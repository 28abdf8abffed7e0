package io.strata.lineage.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.strata.lineage.TestPipelines;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.flow.FlowCounts;
import io.strata.lineage.flow.FlowGraph;
import io.strata.lineage.health.HealthMonitor;
import io.strata.lineage.health.HealthReport;
import io.strata.lineage.health.LineageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLineageEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HealthReport report(String state) {
    HealthMonitor m =
        new HealthMonitor(
            new FlowGraph(TestPipelines.shop()), LineageSettings.defaults(), List.of(), "test");
    return m.accept(
        new FlowSample(
            Instant.parse("2026-11-24T10:00:00Z"),
            "f1",
            "strata:shop",
            state,
            FlowCounts.of(TestPipelines.balanced()),
            Map.of(),
            null,
            List.of(),
            null));
  }

  @Test
  void onePipelineJobAndOneJobPerTableWithTheirDatasets() throws Exception {
    List<OpenLineage.RunEvent> events =
        new OpenLineageEvents(TestPipelines.shop())
            .events(OpenLineage.RunEvent.EventType.START, "f1", report("RUNNING"));
    assertThat(events)
        .extracting(e -> e.getJob().getName())
        .containsExactly("shop", "shop.ods.orders", "shop.dwd.orders", "shop.dws.customer_minute");
    assertThat(events)
        .allMatch(
            e ->
                e.getJob().getNamespace().equals("strata")
                    && e.getEventType() == OpenLineage.RunEvent.EventType.START);

    OpenLineage.RunEvent pipeline = events.get(0);
    assertThat(pipeline.getInputs())
        .extracting(d -> d.getNamespace() + "/" + d.getName())
        .containsExactly("kafka://127.0.0.1:19092/shop.orders");
    assertThat(pipeline.getOutputs())
        .extracting(d -> d.getNamespace() + "/" + d.getName())
        .containsExactly(
            "kafka://127.0.0.1:19092/shop.dwd.orders",
            "kafka://127.0.0.1:19092/shop.dws.customer_minute");

    OpenLineage.RunEvent dwd = events.get(2);
    assertThat(dwd.getInputs())
        .extracting(d -> d.getNamespace() + "/" + d.getName())
        .containsExactly("strata://shop/ods.orders");
    assertThat(dwd.getOutputs())
        .extracting(d -> d.getNamespace() + "/" + d.getName())
        .containsExactly("strata://shop/dwd.orders", "kafka://127.0.0.1:19092/shop.dwd.orders");
    assertThat(events.get(1).getOutputs())
        .extracting(d -> d.getNamespace() + "/" + d.getName())
        .containsExactly("strata://shop/ods.orders", "kafka://127.0.0.1:19092/shop.orders.dlq");
    assertThat(events.get(3).getOutputs())
        .extracting(d -> d.getNamespace() + "/" + d.getName())
        .containsExactly(
            "strata://shop/dws.customer_minute",
            "kafka://127.0.0.1:19092/shop.dws.customer_minute",
            "kafka://127.0.0.1:19092/shop.orders.dlq");
    assertThat(dwd.getRun().getFacets().getParent().getRun().getRunId())
        .isEqualTo(pipeline.getRun().getRunId());
    assertThat(dwd.getRun().getRunId()).isEqualTo(OpenLineageEvents.runId("f1", "shop.dwd.orders"));

    // Column lineage: amount_cents is computed from amount of ods.orders.
    JsonNode json = JSON.readTree(OpenLineageClientUtils.toJson(dwd));
    JsonNode cl = json.at("/outputs/0/facets/columnLineage/fields/amount_cents/inputFields/0");
    assertThat(cl.path("namespace").asText()).isEqualTo("strata://shop");
    assertThat(cl.path("name").asText()).isEqualTo("ods.orders");
    assertThat(cl.path("field").asText()).isEqualTo("amount");
    assertThat(json.at("/outputs/0/facets/schema/fields").findValuesAsText("name"))
        .contains("order_id", "amount_cents", "order_time");

    // Flow health as the custom run facet.
    JsonNode health = json.at("/run/facets/strata_flowHealth");
    assertThat(health.path("_schemaURL").asText()).isEqualTo(FlowHealthRunFacet.SCHEMA.toString());
    assertThat(health.path("_producer").asText()).isEqualTo(OpenLineageEvents.PRODUCER.toString());
    assertThat(health.at("/counts/out").asLong()).isEqualTo(80);
    assertThat(health.at("/edges/0/edge").asText()).isEqualTo("ods.orders->dwd.orders");
    assertThat(health.at("/edges/0/balance").asText()).isEqualTo("OK");
  }

  @Test
  void eventsSurviveTheClientsOwnParser() {
    for (OpenLineage.RunEvent e :
        new OpenLineageEvents(TestPipelines.shop())
            .events(OpenLineage.RunEvent.EventType.COMPLETE, "f1", report("FINISHED"))) {
      String text = OpenLineageClientUtils.toJson(e);
      OpenLineage.RunEvent back = OpenLineageClientUtils.runEventFromJson(text);
      assertThat(back.getJob().getName()).isEqualTo(e.getJob().getName());
      assertThat(back.getEventType()).isEqualTo(OpenLineage.RunEvent.EventType.COMPLETE);
      assertThat(back.getSchemaURL().toString()).startsWith("https://openlineage.io/spec/");
      assertThat(back.getRun().getFacets().getAdditionalProperties())
          .containsKey(FlowHealthRunFacet.NAME);
    }
  }

  @Test
  void theEmitterWritesStartRunningAndCompleteToAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ol.jsonl");
    try (OpenLineageEmitter emitter =
        new OpenLineageEmitter(
            TestPipelines.shop(), file.toUri().toString(), Duration.ofHours(1))) {
      emitter.onReport(report("RUNNING"));
      emitter.onReport(report("RUNNING"));
      emitter.onReport(report("FINISHED"));
      emitter.onReport(report("FINISHED"));
    }
    List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSize(8);
    assertThat(
            lines.stream()
                .map(l -> OpenLineageClientUtils.runEventFromJson(l).getEventType().name())
                .distinct())
        .containsExactly("START", "COMPLETE");
  }
}
