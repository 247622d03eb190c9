/**
 * The shop's web page (static files under {@code static/}: the buyer's page at {@code /}, the operator's at
 * {@code /operator.html}), its settings, and the demo's sign-in.
 */
@NullMarked
package ticketing.order.page;

import org.jspecify.annotations.NullMarked;
