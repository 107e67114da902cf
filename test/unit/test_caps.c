/*
 * test_caps.c -- the cap arithmetic of src/core/caps.c.
 */
#include "caps.h"
#include "unit.h"

#define PM (20 * 8 * 60)		/* minutes in a person-month */

static CapLimit
limit(int64_t amount, bool hard)
{
	CapLimit	l = {true, hard, amount, 2, {80, 90}};

	return l;
}

int
main(void)
{
	CapLimit	none = {0};
	CapLimit	m3 = limit(3 * PM, true);
	CapLimit	t48 = limit(48 * PM, true);
	CapLimit	m1soft = limit(1 * PM, false);
	CapDecision d;

	CHECK_STR(cap_charge_category("menu_task", false), "menu", "menu task");
	CHECK_STR(cap_charge_category("service_request", false), "service", "service request");
	CHECK_STR(cap_charge_category("service_request", true), "modification",
			  "a spec check for a modification is modification effort (5.2.1 2)");
	CHECK_STR(cap_charge_category("failure_recovery", true), "failure_recovery", "failure recovery");
	CHECK_STR(cap_charge_category("modification", false), "modification", "modification");
	CHECK_STR(cap_charge_category("handover", false), "handover", "handover");
	CHECK(cap_charge_category("incident", false) == NULL, "unknown kind: NULL");

	CHECK_INT(cap_boundary(3 * PM, 80), 23040, "80%% of 3pm");
	CHECK_INT(cap_boundary(101, 50), 51, "boundaries round up");
	CHECK_INT(cap_boundary(0, 80), 0, "zero cap");
	CHECK_INT(cap_boundary(INT64_MAX, 99), INT64_MAX / 100 * 99 + (INT64_MAX % 100 * 99 + 99) / 100,
			  "no overflow near INT64_MAX");
	CHECK_INT(cap_boundary(7, 100), 7, "100%% is the amount");

	cap_decide(&m3, &t48, 0, 0, 480, &d);
	CHECK(!d.refused, "a day under empty caps is accepted");
	CHECK(d.reserve > 0, "far from the caps headroom is reserved");
	CHECK(480 + d.reserve <= cap_boundary(3 * PM, 75), "a reservation stays below 75%%");

	cap_decide(&m3, &t48, 3 * PM - 480, 10 * PM, 480, &d);
	CHECK(!d.refused, "exactly reaching the month cap is accepted");
	CHECK_INT(d.reserve, 0, "no reservation near the cap");
	CHECK_INT(d.month.alerts_crossed, 0, "no threshold crossed above 90%%");

	cap_decide(&m3, &t48, 3 * PM - 480, 10 * PM, 481, &d);
	CHECK(d.refused && d.month.refused && !d.term.refused, "one minute over the month cap is refused");
	CHECK_INT(d.month.over_by, 1, "over by one minute");
	CHECK_INT(d.month.reached, 3 * PM + 1, "the total it would reach");

	cap_decide(&m3, &t48, PM, 48 * PM - 60, 120, &d);
	CHECK(d.refused && d.term.refused && !d.month.refused, "the term cap refuses on its own");
	CHECK_INT(d.term.over_by, 60, "term over by an hour");

	cap_decide(&m3, &t48, cap_boundary(3 * PM, 80) - 1, 0, 1, &d);
	CHECK_INT(d.month.alerts_crossed, 1, "crossing 80%% sets bit 0");
	cap_decide(&m3, &t48, 0, 0, 3 * PM, &d);
	CHECK_INT(d.month.alerts_crossed, 3, "a jump to 100%% crosses both thresholds");
	cap_decide(&m3, &t48, cap_boundary(3 * PM, 80), 0, 1, &d);
	CHECK_INT(d.month.alerts_crossed, 0, "starting on the threshold does not cross it again");

	cap_decide(&m1soft, &none, PM - 60, 0, 120, &d);
	CHECK(!d.refused && d.month.soft_over, "a soft cap warns, never refuses");
	CHECK_INT(d.month.over_by, 60, "soft over by an hour");

	cap_decide(&m3, &t48, 3 * PM + 100, 0, -50, &d);
	CHECK(!d.refused, "a decrease is never refused, even over a cap");
	CHECK_INT(d.reserve, 0, "a decrease reserves nothing");

	cap_decide(&none, &none, 0, 0, 1000000, &d);
	CHECK(!d.refused && d.reserve == 0, "uncapped: accepted, nothing to reserve");

	cap_decide(&m3, &t48, INT64_MAX - 1, 0, 10, &d);
	CHECK(d.overflow && d.refused, "overflow is refused, never wrapped");

	/* reservations never pass an alert threshold or the 75% ceiling */
	{
		int			bad = 0;

		for (int64_t a = 0; a < 3 * PM; a += 97)
		{
			cap_decide(&m3, &none, a, 0, 60, &d);
			if (d.refused)
				continue;
			bad += QUIET_CHECK(d.reserve == 0 || a + 60 + d.reserve <= cap_boundary(3 * PM, 75),
							   "alloc %lld reserve %lld", (long long) a, (long long) d.reserve);
		}
		CHECK_INT(bad, 0, "no reservation reaches past 75%% of the cap");
	}

	return unit_done();
}
