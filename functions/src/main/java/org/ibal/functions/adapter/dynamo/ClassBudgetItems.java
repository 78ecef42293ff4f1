package org.ibal.functions.adapter.dynamo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ibal.functions.domain.classes.Membership;
import org.ibal.functions.domain.classes.SchoolClass;
import org.ibal.functions.domain.usage.ClassBudget;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items sendMessage's pre-model batch reads beside the session: the caller's account state (suspended?) and,
 * in a class, the class, the membership and the month's spend — and what they say together.
 */
final class ClassBudgetItems {
    private final ClassBudget.Key key;
    private SchoolClass schoolClass;
    private Membership member;
    private long spent;
    private boolean suspended;

    ClassBudgetItems(ClassBudget.Key key) {
        this.key = key;
    }

    static List<Map<String, AttributeValue>> keys(ClassBudget.Key key) {
        if (key.classId() == null) {
            return List.of(DynamoAccountStore.key(key.userId()));
        }
        return List.of(
                DynamoAccountStore.key(key.userId()),
                DynamoClassStore.metaKey(key.classId()),
                DynamoClassStore.memberKey(key.classId(), key.userId()),
                DynamoUsageStore.monthKey(key.classId(), key.month()));
    }

    /** @return true when the item is one of the class's (then it is kept here) */
    boolean take(Map<String, AttributeValue> item) {
        if (key == null) {
            return false;
        }
        if (Attr.str(item, IbalTable.PK).equals("USER#" + key.userId())) {
            suspended = DynamoAccountStore.toAccount(key.userId(), item).suspended();
            return true;
        }
        if (key.classId() == null || !Attr.str(item, IbalTable.PK).equals(DynamoClassStore.partition(key.classId()))) {
            return false;
        }
        String sk = Attr.str(item, IbalTable.SK);
        if (sk.equals(DynamoClassStore.META)) {
            schoolClass = DynamoClassStore.toClass(item);
        } else if (DynamoUsageStore.isMonth(item)) {
            spent = DynamoUsageStore.spent(item);
        } else {
            member = DynamoClassStore.toMembership(item);
        }
        return true;
    }

    boolean suspended() {
        return suspended;
    }

    Optional<ClassBudget> budget() {
        if (key == null || key.classId() == null) {
            return Optional.empty();
        }
        if (schoolClass == null) {
            return Optional.of(new ClassBudget(key.classId(), false, false, null, null, null, 0));
        }
        return Optional.of(new ClassBudget(
                key.classId(),
                true,
                schoolClass.archived(),
                schoolClass.dailyMessageQuota(),
                schoolClass.monthlyBudgetMicros(),
                member == null ? null : member.dailyQuotaOverride(),
                spent));
    }
}
