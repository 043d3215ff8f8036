package cn.xieshang.organisation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The 1+7+X organisation: one district, its streets, their communities, and the grids in each community. */
public record Organisation(Unit district, List<Street> streets) {

    public record Unit(String id, String name) {
    }

    public record Grid(String id, String name) {
    }

    public record Community(String id, String name, List<Grid> grids) {
    }

    public record Street(String id, String name, List<Community> communities) {
    }

    public List<Community> communities() {
        return streets.stream().flatMap(s -> s.communities().stream()).toList();
    }

    public Optional<Community> community(String id) {
        return communities().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<Street> street(String id) {
        return streets.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<Street> streetOf(String communityId) {
        return streets.stream().filter(s -> s.communities().stream().anyMatch(c -> c.id().equals(communityId)))
                .findFirst();
    }

    public Map<String, Community> communitiesById() {
        return communities().stream().collect(Collectors.toMap(Community::id, Function.identity()));
    }
}
