package io.strata.layers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void rendersEachProblemAsFileLineMessageAndHint() {
    Problem p =
        new Problem(
            new Origin("configs/x.conf", 12),
            "unknown key 'parallelizm' in 'pipeline'",
            "did you mean 'parallelism'?");
    assertThat(p.render())
        .isEqualTo(
            "configs/x.conf:12: unknown key 'parallelizm' in 'pipeline'\n    hint: did you mean 'parallelism'?");
    assertThat(new Problem(new Origin("x.conf", 3), "m", null).render()).isEqualTo("x.conf:3: m");
    assertThat(new Problem(new Origin("x.conf", 3), "m", "  ").render()).isEqualTo("x.conf:3: m");
  }

  @Test
  void originWithoutLinePrintsTheFileOnly() {
    assertThat(new Origin("x.conf", -1)).hasToString("x.conf");
    assertThat(Origin.UNKNOWN).hasToString("<unknown>");
    assertThat(Origin.of(null)).isEqualTo(Origin.UNKNOWN);
  }

  @Test
  void sortsByFileThenLineKeepingTheOrderOfOneLine() {
    Problems problems = new Problems();
    problems.add(new Origin("b.conf", 1), "b1");
    problems.add(new Origin("a.conf", 9), "a9");
    problems.add(new Origin("a.conf", 2), "a2-first");
    problems.add(new Origin("a.conf", 2), "a2-second");
    assertThat(problems.sorted())
        .extracting(Problem::message)
        .containsExactly("a2-first", "a2-second", "a9", "b1");
    assertThat(problems.size()).isEqualTo(4);
  }

  @Test
  void rendersAllProblemsAndTheirCount() {
    Problems problems = new Problems();
    assertThat(problems.isEmpty()).isTrue();
    problems.add(new Origin("a.conf", 2), "second", "fix it");
    problems.add(new Origin("a.conf", 1), "first");
    assertThat(problems.render())
        .isEqualTo("a.conf:1: first\na.conf:2: second\n    hint: fix it\n2 problems\n");
    Problems one = new Problems();
    one.add(new Origin("a.conf", 1), "only");
    assertThat(one.render()).endsWith("\n1 problem\n");
  }

  @Test
  void throwsOnlyWhenThereAreProblemsAndCarriesAllWithoutAStackTrace() {
    Problems problems = new Problems();
    problems.throwIfAny();
    problems.add(new Origin("a.conf", 1), "first");
    problems.add(new Origin("a.conf", 5), "second");
    Problems.ConfigInvalidException e =
        assertThrows(Problems.ConfigInvalidException.class, problems::throwIfAny);
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage()).isEqualTo(problems.render());
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.getCause()).isNull();
  }
}
