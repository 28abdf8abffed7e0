package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's config reference is the one generated from the declared options. */
class ReadmeConfigReferenceTest {
  @Test
  void readmeReferenceMatchesDeclaredOptions() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme)
        .as("README config reference is stale: run bin/strata docs --update README.md")
        .isEqualTo(DocsCommand.withReference(readme));
  }
}
