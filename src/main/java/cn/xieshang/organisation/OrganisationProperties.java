package cn.xieshang.organisation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * @param location the organisation file (district, streets, communities, grids); Yingze's shape by default
 */
@ConfigurationProperties("xieshang.organisation")
public record OrganisationProperties(Resource location) {
}
