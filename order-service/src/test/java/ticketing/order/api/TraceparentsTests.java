package ticketing.order.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TraceparentsTests {

	private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void shouldContinueAValidTraceWithANewSpan() {
		String child = Traceparents.childOf(VALID);

		assertThat(child).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01").isNotEqualTo(VALID);
	}

	@Test
	void shouldKeepTheSampledFlag() {
		assertThat(Traceparents.childOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).endsWith("-00");
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
			"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
			"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01" })
	void shouldStartANewTraceForAnInvalidOrMissingTraceparent(String incoming) {
		String created = Traceparents.childOf(incoming);

		assertThat(created).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
		assertThat(created).doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
	}

}
