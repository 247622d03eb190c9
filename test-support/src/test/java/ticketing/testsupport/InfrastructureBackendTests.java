package ticketing.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfrastructureBackendTests {

	@Test
	void shouldRunLocalTestsWithoutAskingForDocker() {
		ConditionEvaluationResult result = InfrastructureExtension.evaluate(InfrastructureBackend.LOCAL, () -> {
			throw new AssertionError("the local backend must not need Docker");
		});

		assertThat(result.isDisabled()).isFalse();
	}

	@Test
	void shouldSkipContainerTestsWhereNoDockerEngineAnswers() {
		ConditionEvaluationResult result = InfrastructureExtension.evaluate(InfrastructureBackend.CONTAINERS,
				() -> false);

		assertThat(result.isDisabled()).isTrue();
		assertThat(result.getReason()).hasValueSatisfying((reason) -> assertThat(reason).contains("Docker"));
	}

	@Test
	void shouldRunContainerTestsWhereDockerAnswers() {
		assertThat(InfrastructureExtension.evaluate(InfrastructureBackend.CONTAINERS, () -> true).isDisabled())
			.isFalse();
	}

	@Test
	void shouldReadTheSwitchCaseInsensitivelyAndRefuseUnknownValues() {
		assertThat(InfrastructureBackend.parse(" Containers ")).isEqualTo(InfrastructureBackend.CONTAINERS);
		assertThatThrownBy(() -> InfrastructureBackend.parse("docker")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("'local'")
			.hasMessageContaining("'containers'");
	}

}
