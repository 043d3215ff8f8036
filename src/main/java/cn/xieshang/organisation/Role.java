package cn.xieshang.organisation;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles of community deliberation. Each is a Camunda group whose id the models use as candidate group.
 * Membership in a role says what a person does; membership in a community's tenant says where.
 */
public enum Role {
    RESIDENT("resident", "居民", false),
    RESIDENT_REPRESENTATIVE("resident-representative", "居民代表", false),
    GRID_WORKER("grid-worker", "网格员", false),
    PARTY_COMMITTEE("party-committee", "社区党委", true),
    RESIDENTS_COMMITTEE("residents-committee", "居委会", false),
    DELIBERATION_COUNCIL("deliberation-council", "居民议事会", false),
    REPRESENTATIVE_ASSEMBLY("representative-assembly", "居民代表会议", false),
    CPPCC_MEMBER("cppcc-member", "政协委员", false),
    NPC_DEPUTY("npc-deputy", "人大代表", false),
    RESPONSIBLE_UNIT("responsible-unit", "责任单位", false),
    PROPERTY_COMPANY("property-company", "物业公司", false),
    STREET_OFFICE("street-office", "街道办", true),
    DISTRICT_OFFICE("district-office", "区委区政府", true);

    private final String groupId;
    private final String chineseName;
    private final boolean watchesFlows;

    Role(String groupId, String chineseName, boolean watchesFlows) {
        this.groupId = groupId;
        this.chineseName = chineseName;
        this.watchesFlows = watchesFlows;
    }

    public String groupId() {
        return groupId;
    }

    public String chineseName() {
        return chineseName;
    }

    /** Managers who watch the flows of their communities in Cockpit. */
    public boolean watchesFlows() {
        return watchesFlows;
    }

    public static Optional<Role> byGroupId(String groupId) {
        return Arrays.stream(values()).filter(r -> r.groupId.equals(groupId)).findFirst();
    }
}
