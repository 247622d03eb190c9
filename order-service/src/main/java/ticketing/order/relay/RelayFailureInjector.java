package ticketing.order.relay;

/**
 * A test hook: called by the relay at each {@link RelayStep}. A test implementation throws there to simulate a crash
 * (the relay then starts over as a new incarnation, exactly as after a restart) or blocks to simulate a paused
 * process. Without such a bean the relay uses {@link #NONE}.
 */
@FunctionalInterface
public interface RelayFailureInjector {

	/** Does nothing: production. */
	RelayFailureInjector NONE = (step) -> {
	};

	void at(RelayStep step);

}
