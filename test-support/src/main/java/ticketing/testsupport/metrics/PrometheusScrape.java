package ticketing.testsupport.metrics;

import java.util.OptionalDouble;

/** Reading a scrape in Prometheus's text format ({@code /actuator/prometheus}). */
public final class PrometheusScrape {

	private PrometheusScrape() {
	}

	/**
	 * The value of one series, written as in the scrape: the name alone for a series without labels, else the name
	 * and its labels as the registry writes them ({@code name{a="1",b="2"}}); empty if the scrape does not have it.
	 */
	public static OptionalDouble value(String scrape, String series) {
		return scrape.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst();
	}

}
