package org.ibal.functions.domain;

/**
 * Who is calling, as proven by an access token or a ticket.
 *
 * @param provider {@code local}, {@code openedx} or {@code lms}
 * @param course   null unless the token was minted for a course
 */
public record Principal(String userId, String username, String displayName, String provider, CourseContext course) {
    public static final String LOCAL = "local";
}
