// The real loader on real libraries: the shipped plugins, and fixtures that
// are broken in the ways a plugin directory can be.

#include "server/plugin_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "server/importer_registry.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  return absl::StrCat(TKP_FIXTURE_PLUGIN_DIR, "/", name, ".so");
}

TEST(PluginLoaderTest, LoadsAGoodPlugin) {
  absl::StatusOr<LoadedImporter> loaded = LoadPlugin(Fixture("fixture_good"));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->info.name, "fixture-good");
  EXPECT_EQ(loaded->info.version, "0.0.1");
  EXPECT_EQ(loaded->importer->Identify("anything"), 0);
}

TEST(PluginLoaderTest, ImporterOutlivesEveryOtherHandleOnItsLibrary) {
  std::shared_ptr<const plugin::Importer> importer;
  {
    absl::StatusOr<LoadedImporter> loaded = LoadPlugin(Fixture("fixture_good"));
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    importer = loaded->importer;
  }
  // The LoadedImporter is gone; the library must still be loaded.
  EXPECT_EQ(importer->Info().name, "fixture-good");
}

TEST(PluginLoaderTest, RefusesAnotherAbiVersionWithoutCallingIt) {
  // The fixture aborts if its factory is called.
  absl::StatusOr<LoadedImporter> loaded =
      LoadPlugin(Fixture("fixture_wrong_abi"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("ABI version 99"));
  EXPECT_THAT(loaded.status().message(), HasSubstr("fixture_wrong_abi.so"));
}

TEST(PluginLoaderTest, RefusesAMissingEntryPoint) {
  absl::StatusOr<LoadedImporter> loaded =
      LoadPlugin(Fixture("fixture_missing_entry"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("missing entry point tkp_importer_destroy"));
}

TEST(PluginLoaderTest, RefusesAFileThatIsNotALibrary) {
  absl::StatusOr<LoadedImporter> loaded =
      LoadPlugin(Fixture("fixture_not_a_library"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("cannot be loaded as a shared library"));
}

TEST(PluginLoaderTest, RefusesAMissingFile) {
  absl::StatusOr<LoadedImporter> loaded = LoadPlugin(Fixture("no_such_file"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("no_such_file.so"));
}

TEST(PluginLoaderTest, DirectoryScanReportsBadFilesAndKeepsTheGoodOnes) {
  absl::StatusOr<PluginScan> scan = LoadPluginDirectory(TKP_FIXTURE_PLUGIN_DIR);
  ASSERT_TRUE(scan.ok()) << scan.status();
  std::vector<std::string> names;
  for (const LoadedImporter& l : scan->loaded) names.push_back(l.info.name);
  EXPECT_THAT(names,
              ::testing::UnorderedElementsAre("fixture-good", "layout-a"));
  ASSERT_EQ(scan->errors.size(), 3u);
  EXPECT_THAT(scan->errors,
              ::testing::Contains(HasSubstr("fixture_wrong_abi")));
  EXPECT_THAT(scan->errors,
              ::testing::Contains(HasSubstr("fixture_missing_entry")));
  EXPECT_THAT(scan->errors,
              ::testing::Contains(HasSubstr("fixture_not_a_library")));
}

TEST(PluginLoaderTest, MissingDirectoryIsAnError) {
  absl::StatusOr<PluginScan> scan = LoadPluginDirectory("/nonexistent/tkp");
  ASSERT_FALSE(scan.ok());
  EXPECT_THAT(scan.status().message(), HasSubstr("/nonexistent/tkp"));
}

TEST(PluginLoaderTest, RegistryRefusesADuplicateNameAndKeepsTheFirst) {
  std::vector<LoadedImporter> importers = {
      testing::LoadRealImporter("layout-a"),
      *LoadPlugin(Fixture("fixture_duplicate_name"))};
  std::vector<std::string> errors;
  const ImporterRegistry registry(std::move(importers), &errors);
  ASSERT_EQ(registry.importers().size(), 1u);
  EXPECT_THAT(registry.importers()[0].file, HasSubstr("tkp_layout_a.so"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("duplicate importer name \"layout-a\""));
  EXPECT_THAT(errors[0], HasSubstr("fixture_duplicate_name.so"));
}

TEST(PluginLoaderTest, RegistryNamesTheImportersWhenAskedForAnUnknownOne) {
  std::vector<std::string> errors;
  const ImporterRegistry registry({testing::LoadRealImporter("layout-a"),
                                   testing::LoadRealImporter("layout-b")},
                                  &errors);
  absl::StatusOr<const LoadedImporter*> picked =
      registry.Pick("layout-z", "text", "f.txt");
  ASSERT_FALSE(picked.ok());
  EXPECT_EQ(picked.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(picked.status().message(), HasSubstr("layout-a, layout-b"));
}

TEST(PluginLoaderTest, PluginsExportOnlyTheirEntryPoints) {
  for (const char* plugin : {"tkp_layout_a", "tkp_layout_b"}) {
    const testing::ProcessResult nm =
        testing::RunProcess({"/usr/bin/nm", "-D", "--defined-only",
                             absl::StrCat(TKP_PLUGIN_DIR, "/", plugin, ".so")});
    ASSERT_EQ(nm.exit_code, 0) << nm.err;
    std::vector<std::string> symbols;
    std::istringstream lines(nm.out);
    for (std::string line; std::getline(lines, line);) {
      symbols.push_back(line.substr(line.rfind(' ') + 1));
    }
    EXPECT_THAT(symbols, ::testing::UnorderedElementsAre(
                             "tkp_importer_abi_version", "tkp_importer_create",
                             "tkp_importer_destroy"))
        << plugin;
  }
}

}  // namespace
}  // namespace tkp
