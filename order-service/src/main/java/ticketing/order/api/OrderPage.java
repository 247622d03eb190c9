package ticketing.order.api;

import java.util.List;

import org.springframework.data.domain.Page;

import ticketing.order.domain.Order;

/**
 * One page of a user's orders, newest first.
 *
 * @param content       the orders on this page
 * @param page          the page number, from 0
 * @param size          the page size asked for
 * @param totalElements the number of the user's orders
 * @param totalPages    the number of pages of this size
 */
public record OrderPage(List<Order> content, int page, int size, long totalElements, long totalPages) {

	static OrderPage of(Page<Order> page) {
		return new OrderPage(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
				page.getTotalPages());
	}

}
