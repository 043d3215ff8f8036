package cn.xieshang.tasklist;

/**
 * What the browser tests expect of Tasklist beyond what Camunda ships: issue 8's parts (Chinese webapps without the
 * migration banner, named tasks in 我的待办, case data on task cards, a meeting form Tasklist 7.24 can complete), all
 * built and on by default. Each check can be switched off with a system property to tell a part's regression from
 * the rest, e.g.
 * {@code mvn test -Dtest='*InTasklistTest' -Dxieshang.test.expectChinese=false}. {@code xieshang.test.strict=false}
 * switches all of them off at once; each property, when given, wins over it. All are on by default.
 */
final class Expect {

    private static final boolean STRICT = flag("xieshang.test.strict", true);

    /** No migration banner and no English in Tasklist's own chrome on any screen a walk passes. */
    static final boolean CHINESE = flag("xieshang.test.expectChinese", STRICT);

    /** 我的待办 lists the tasks offered to the user by name (candidate users), not only those assigned. */
    static final boolean NAMED_TASKS_IN_MY_TASKS = flag("xieshang.test.namedTasksInMyTasks", STRICT);

    /** A task card shows its case's title, so a person finds a case's task by its title. */
    static final boolean CASES_ON_CARDS = flag("xieshang.test.casesOnCards", STRICT);

    /** The meeting record with its items can be completed in Tasklist (without: its items are recorded over REST). */
    static final boolean MEETING_ITEMS_IN_BROWSER = flag("xieshang.test.meetingItemsInBrowser", STRICT);

    private Expect() {
    }

    private static boolean flag(String name, boolean otherwise) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? otherwise : Boolean.parseBoolean(value);
    }
}
