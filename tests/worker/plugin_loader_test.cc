// The real loader on real libraries, as the import worker uses it: the
// shipped plugins, and fixtures that are broken in the ways a plugin
// directory can be.

#include "worker/plugin_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "absl/strings/str_cat.h"
#include "tests/support/subprocess.h"

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
