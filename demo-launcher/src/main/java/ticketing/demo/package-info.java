/**
 * The local demo: the whole system on one machine, without Docker, started and stopped by {@link DemoLauncher}.
 */
package ticketing.demo;
