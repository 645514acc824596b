/**
 * The built-in templates as earlier releases shipped them, by path: the first 16 hex digits of
 * the SHA-256 of each file. A file of a project's templates/ with one of these hashes is an
 * unchanged copy `report eject` made; when the built-in file has changed since, the copy holds
 * the project back, and `report migrate` removes it.
 */
export const earlierBuiltins: Record<string, readonly string[]> = {
  "layout.html.hbs": ["fb15bc6143a28252"],
  "locales/en.yaml": ["277472c601d67eda"],
  "locales/zh-Hans.yaml": ["fe6cfd5d44270ba5"],
  "locales/zh-Hant.yaml": ["64f0a513d0569073"],
  "partials/activities.md.hbs": ["3d572b1a5420cf12"],
  "partials/programmes.md.hbs": ["c639b4f40b7df6c8"],
  "partials/section.md.hbs": ["2bcce5a6cc130880"],
  "partials/volunteers.md.hbs": ["661c1925a4341550"],
  "report.css": ["35c030829b788936", "8fa099cb9effd79d"],
  "report.md.hbs": ["c2bb4a18b981b35d"],
  "sections/consultation.md.hbs": ["9fa879beae3c901a"],
  "sections/people.md.hbs": ["30f943f58ae933cf"],
  "sections/self_building.md.hbs": ["2452bfeb5344bd96"],
  "sections/supervision.md.hbs": ["6693fa3fdac3a44d"],
  "sections/unity.md.hbs": ["1279a53d27687efa"],
  "themes/official.css": ["0dc1504e3814cfa3"],
};
