package org.ibal.functions.domain.classes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ibal.functions.domain.CourseContext;
import org.ibal.functions.domain.DisplayText;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.Principal;
import org.ibal.functions.domain.Secrets;
import org.ibal.functions.domain.chat.ChatClasses;
import org.ibal.functions.domain.error.ForbiddenException;
import org.ibal.functions.domain.error.InvalidInputException;
import org.ibal.functions.domain.error.InvalidInviteException;
import org.ibal.functions.domain.error.NotFoundException;
import org.ibal.functions.domain.port.AccountStore;
import org.ibal.functions.domain.port.ClassStore;

/**
 * Classes, invites and joining, each behind its role rule ({@link Roles}). Open edX courses are classes too: their
 * staff teach them and their learners belong to them, made on first sight of the course's token.
 */
public final class ClassService {
    static final int NAME_CHARS = 100;
    static final int MAX_SEATS = 1000;
    static final int MAX_INVITE_HOURS = 24 * 90;
    static final int MAX_DAILY_QUOTA = 1_000_000;
    private static final List<String> COURSE_STAFF_ROLES =
            List.of("staff", "instructor", "administrator", "course_staff", "course_instructor");

    private final ClassStore classes;
    private final AccountStore accounts;
    private final Roles roles;
    private final Duration retention;
    private final Clock clock;

    /** @param retention how long an archived class's data is kept before DynamoDB's TTL deletes it */
    public ClassService(ClassStore classes, AccountStore accounts, Roles roles, Duration retention, Clock clock) {
        this.classes = classes;
        this.accounts = accounts;
        this.roles = roles;
        this.retention = retention;
        this.clock = clock;
    }

    public Roles roles() {
        return roles;
    }

    public MeView me(Principal caller) {
        courseClass(caller);
        List<Membership> memberships = classes.membershipsOf(caller.userId());
        Map<String, SchoolClass> byId = classes
                .findAll(memberships.stream().map(Membership::classId).toList())
                .stream()
                .collect(Collectors.toMap(SchoolClass::id, Function.identity()));
        List<MeView.ClassRef> refs = memberships.stream()
                .filter(m ->
                        byId.containsKey(m.classId()) && !byId.get(m.classId()).archived())
                .map(m -> new MeView.ClassRef(m.classId(), byId.get(m.classId()).name(), m.myRole()))
                .toList();
        return new MeView(
                caller.userId(),
                caller.username(),
                roles.roleOf(caller, memberships),
                accounts.find(caller.userId()).suspended(),
                refs);
    }

    /** @throws ForbiddenException for a learner unless {@code TEACHERS_SELF_SERVE} */
    public SchoolClass create(Principal caller, String name, Integer dailyMessageQuota, Long monthlyBudgetMicros) {
        roles.requireMayCreateClass(caller, classes.membershipsOf(caller.userId()));
        Instant now = clock.instant();
        SchoolClass created = new SchoolClass(
                Ids.schoolClass(),
                checkedName(name),
                caller.userId(),
                checkedQuota(dailyMessageQuota),
                checkedBudget(monthlyBudgetMicros),
                false,
                now,
                null);
        classes.create(
                created, new Membership(created.id(), caller.userId(), caller.username(), Role.TEACHER, null, now));
        return created;
    }

    /** Admins: every class; teachers: the classes they teach. @throws ForbiddenException for learners */
    public List<SchoolClass> list(Principal caller) {
        if (roles.isAdmin(caller)) {
            return classes.listAll();
        }
        List<Membership> memberships = classes.membershipsOf(caller.userId());
        if (roles.roleOf(caller, memberships) == Role.LEARNER) {
            throw new ForbiddenException("learners do not manage classes");
        }
        return classes.findAll(memberships.stream()
                .filter(m -> m.myRole() == Role.TEACHER)
                .map(Membership::classId)
                .toList());
    }

    /**
     * The class, if the caller teaches it (or is an admin).
     *
     * @throws NotFoundException  when it does not exist or the caller is not in it
     * @throws ForbiddenException when the caller is one of its learners
     */
    public SchoolClass taught(Principal caller, String classId) {
        // Course staff reach their course's class (the XBlock's staff view) before anything else made it.
        courseClass(caller);
        SchoolClass found = classes.find(classId).orElseThrow(() -> new NotFoundException("no such class"));
        roles.requireTeaches(caller, found, classes.member(classId, caller.userId()));
        return found;
    }

    public SchoolClass update(Principal caller, String classId, ClassChanges changes) {
        SchoolClass current = taught(caller, classId);
        if (Boolean.TRUE.equals(changes.archived()) && !current.archived()) {
            return archive(caller, classId);
        }
        SchoolClass updated = new SchoolClass(
                current.id(),
                changes.name() == null ? current.name() : checkedName(changes.name()),
                current.ownerId(),
                changes.clearQuota()
                        ? null
                        : changes.dailyMessageQuota() == null
                                ? current.dailyMessageQuota()
                                : checkedQuota(changes.dailyMessageQuota()),
                changes.clearBudget()
                        ? null
                        : changes.monthlyBudgetMicros() == null
                                ? current.monthlyBudgetMicros()
                                : checkedBudget(changes.monthlyBudgetMicros()),
                changes.archived() == null ? current.archived() : changes.archived(),
                current.createdAt(),
                Boolean.FALSE.equals(changes.archived()) ? null : current.deleteAfter());
        classes.update(updated);
        return updated;
    }

    /** Archives the class: its learners can no longer chat in it, and its data goes after the retention period. */
    public SchoolClass archive(Principal caller, String classId) {
        SchoolClass current = taught(caller, classId);
        Instant deleteAfter = clock.instant().plus(retention);
        classes.archive(classId, deleteAfter);
        return new SchoolClass(
                current.id(),
                current.name(),
                current.ownerId(),
                current.dailyMessageQuota(),
                current.monthlyBudgetMicros(),
                true,
                current.createdAt(),
                deleteAfter);
    }

    public ClassInvite createInvite(Principal caller, String classId, int seats, int expiresInHours) {
        SchoolClass schoolClass = taught(caller, classId);
        if (schoolClass.archived()) {
            throw new InvalidInputException("the class is archived; restore it before inviting learners");
        }
        if (seats < 1 || seats > MAX_SEATS) {
            throw new InvalidInputException("seats must be 1 to " + MAX_SEATS);
        }
        if (expiresInHours < 1 || expiresInHours > MAX_INVITE_HOURS) {
            throw new InvalidInputException("expiresInHours must be 1 to " + MAX_INVITE_HOURS);
        }
        Instant now = clock.instant();
        ClassInvite invite = new ClassInvite(
                Ids.inviteCode(), classId, seats, 0, now.plus(Duration.ofHours(expiresInHours)), false, now);
        classes.saveInvite(invite);
        return invite;
    }

    public List<ClassInvite> invites(Principal caller, String classId) {
        taught(caller, classId);
        return classes.invites(classId);
    }

    public void revokeInvite(Principal caller, String classId, String code) {
        taught(caller, classId);
        ClassInvite invite = classes.findInvite(code)
                .filter(i -> i.classId().equals(classId))
                .orElseThrow(() -> new NotFoundException("no such invite in this class"));
        classes.revokeInvite(invite.code());
    }

    /**
     * A signed-in user joins the invite's class as a learner. Joining a class one is in already spends no seat.
     *
     * @throws InvalidInviteException when the code is unknown, expired, revoked or used up
     */
    public SchoolClass join(Principal caller, String code) {
        ClassInvite invite =
                classes.findInvite(code == null ? "" : code.strip()).orElseThrow(InvalidInviteException::new);
        SchoolClass schoolClass =
                classes.find(invite.classId()).filter(c -> !c.archived()).orElseThrow(InvalidInviteException::new);
        if (classes.member(schoolClass.id(), caller.userId()).isPresent()) {
            return schoolClass;
        }
        Instant now = clock.instant();
        classes.spendSeat(invite.code(), now).orElseThrow(InvalidInviteException::new);
        if (!classes.addMember(
                new Membership(schoolClass.id(), caller.userId(), caller.username(), Role.LEARNER, null, now))) {
            classes.returnSeat(invite.code());
        }
        return schoolClass;
    }

    /**
     * The class a chat session belongs to: the one asked for (the caller must be in it and it must be active), else
     * the course's class for an Open edX token, else the caller's most recently joined active class, else none.
     *
     * @throws NotFoundException when {@code requested} is not an active class of the caller's
     */
    public Optional<String> classForChat(Principal caller, String requested) {
        Optional<String> course = courseClass(caller);
        if (requested != null) {
            classes.member(requested, caller.userId())
                    .flatMap(m -> classes.find(requested))
                    .filter(c -> !c.archived())
                    .orElseThrow(() -> new NotFoundException("no such class of yours"));
            return Optional.of(requested);
        }
        if (course.isPresent()) {
            return course;
        }
        List<Membership> memberships = classes.membershipsOf(caller.userId());
        if (memberships.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Instant> joined =
                memberships.stream().collect(Collectors.toMap(Membership::classId, Membership::joinedAt, (a, b) -> a));
        return classes.findAll(List.copyOf(joined.keySet())).stream()
                .filter(c -> !c.archived())
                .max((a, b) -> joined.get(a.id()).compareTo(joined.get(b.id())))
                .map(SchoolClass::id);
    }

    /**
     * For a token minted for an Open edX course: the course's class, made on first sight, with the caller in it as
     * a teacher (course staff) or learner. The class id is derived from the course key, so every replica agrees.
     */
    Optional<String> courseClass(Principal caller) {
        CourseContext course = caller.course();
        if (course == null || course.courseId() == null || course.courseId().isBlank()) {
            return Optional.empty();
        }
        String classId = courseClassId(course.courseId());
        if (classes.member(classId, caller.userId()).isPresent()) {
            return Optional.of(classId);
        }
        Instant now = clock.instant();
        boolean staff =
                course.roles().stream().map(r -> r.toLowerCase(Locale.ROOT)).anyMatch(COURSE_STAFF_ROLES::contains);
        Membership membership = new Membership(
                classId, caller.userId(), caller.username(), staff ? Role.TEACHER : Role.LEARNER, null, now);
        if (classes.find(classId).isEmpty()) {
            classes.create(
                    new SchoolClass(
                            classId,
                            DisplayText.shortened(course.courseId(), NAME_CHARS),
                            staff ? caller.userId() : null,
                            null,
                            null,
                            false,
                            now,
                            null),
                    membership);
        } else {
            classes.addMember(membership);
        }
        return Optional.of(classId);
    }

    /** The chat's view of the console: class resolution and suspension. */
    public ChatClasses forChat() {
        return new ChatClasses() {
            @Override
            public Optional<String> classFor(Principal caller, String requested) {
                return classForChat(caller, requested);
            }

            @Override
            public boolean suspended(String userId) {
                return accounts.find(userId).suspended();
            }
        };
    }

    /** {@code course-v1:…} → {@code c_} + 20 hex digits of its SHA-256. */
    public static String courseClassId(String courseId) {
        return "c_" + Secrets.sha256(courseId).substring(0, 20);
    }

    private static String checkedName(String name) {
        String checked = name == null ? "" : DisplayText.checked(name, "name", NAME_CHARS);
        if (checked.isEmpty()) {
            throw new InvalidInputException("name is required");
        }
        return checked;
    }

    private static Integer checkedQuota(Integer quota) {
        if (quota != null && (quota < 1 || quota > MAX_DAILY_QUOTA)) {
            throw new InvalidInputException("dailyMessageQuota must be 1 to " + MAX_DAILY_QUOTA);
        }
        return quota;
    }

    private static Long checkedBudget(Long micros) {
        if (micros != null && micros < 0) {
            throw new InvalidInputException("monthlyBudget must not be negative");
        }
        return micros;
    }
}
