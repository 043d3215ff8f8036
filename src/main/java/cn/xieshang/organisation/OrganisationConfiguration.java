package cn.xieshang.organisation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class OrganisationConfiguration {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @Bean
    Organisation organisation(OrganisationProperties properties) throws IOException {
        if (properties.location() == null || !properties.location().exists()) {
            throw new IllegalStateException("xieshang.organisation.location must name an existing organisation file");
        }
        try (InputStream in = properties.location().getInputStream()) {
            Organisation organisation = YAML.readValue(in, Organisation.class);
            checkIdsUnique(organisation);
            return organisation;
        }
    }

    /** Community ids become tenant ids: a duplicate would merge two communities' cases. */
    private static void checkIdsUnique(Organisation organisation) {
        Set<String> seen = new HashSet<>();
        seen.add(organisation.district().id());
        organisation.streets().forEach(s -> require(seen.add(s.id()), s.id()));
        organisation.communities().forEach(c -> {
            require(seen.add(c.id()), c.id());
            require(c.id().matches("[a-z0-9-]{1,64}"), c.id());
            c.grids().forEach(g -> require(seen.add(g.id()), g.id()));
        });
    }

    private static void require(boolean ok, String id) {
        if (!ok) {
            throw new IllegalStateException("Organisation id '" + id + "' is duplicated or not of the form [a-z0-9-]{1,64}");
        }
    }
}
