// The real loader on real libraries: the shipped plugins, and fixtures that
// are broken in the ways a plugin directory can be.

#include "server/plugin_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

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
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      ImporterRegistry::Open(TKP_FIXTURE_PLUGIN_DIR);
  ASSERT_TRUE(registry.ok()) << registry.status();
  const std::shared_ptr<const ImporterSet> set = (*registry)->current();
  std::vector<std::string> names;
  for (const LoadedImporter& l : set->importers()) names.push_back(l.info.name);
  EXPECT_THAT(names,
              ::testing::UnorderedElementsAre("fixture-good", "layout-a"));
  std::vector<std::string> errors;
  for (const PluginProblem& p : set->problems()) {
    errors.push_back(absl::StrCat(p.file, ": ", p.error));
  }
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("fixture_wrong_abi")));
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("fixture_missing_entry")));
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("fixture_not_a_library")));
}

TEST(PluginLoaderTest, MissingDirectoryIsAnError) {
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      ImporterRegistry::Open("/nonexistent/tkp");
  ASSERT_FALSE(registry.ok());
  EXPECT_THAT(registry.status().message(), HasSubstr("/nonexistent/tkp"));
}

TEST(PluginLoaderTest, SetRefusesADuplicateNameAndKeepsTheFirst) {
  std::vector<LoadedImporter> importers = {
      testing::LoadRealImporter("layout-a"),
      *LoadPlugin(Fixture("fixture_duplicate_name"))};
  const ImporterSet set(std::move(importers));
  ASSERT_EQ(set.importers().size(), 1u);
  EXPECT_THAT(set.importers()[0].file, HasSubstr("tkp_layout_a.so"));
  ASSERT_EQ(set.problems().size(), 1u);
  EXPECT_THAT(set.problems()[0].error,
              HasSubstr("duplicate importer name \"layout-a\""));
  EXPECT_THAT(set.problems()[0].file, HasSubstr("fixture_duplicate_name.so"));
}

TEST(PluginLoaderTest, SetNamesTheImportersWhenAskedForAnUnknownOne) {
  const ImporterSet set({testing::LoadRealImporter("layout-a"),
                         testing::LoadRealImporter("layout-b")});
  absl::StatusOr<const LoadedImporter*> picked =
      set.Pick("layout-z", DocumentContent{"text", "text", "f.txt", ""});
  ASSERT_FALSE(picked.ok());
  EXPECT_EQ(picked.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(picked.status().message(), HasSubstr("layout-a, layout-b"));
}

// Copies a built plugin into `dir` as `name` (a new file, as `install`
// writes one), owner-writable only.
void PutPlugin(const std::string& from, const std::string& dir,
               const std::string& name) {
  const std::string to = absl::StrCat(dir, "/", name);
  std::filesystem::remove(to);
  std::filesystem::copy_file(from, to);
  std::filesystem::permissions(to, std::filesystem::perms(0644));
}

// How many distinct private copies of plugin `name` are mapped into this
// process (the loader names them "<sha256 prefix>-<name>").
int MappedCopiesOf(const std::string& name) {
  std::ifstream maps("/proc/self/maps");
  std::set<std::string> copies;
  for (std::string line; std::getline(maps, line);) {
    const size_t slash = line.rfind('/');
    if (slash == std::string::npos) continue;
    const std::string file = line.substr(slash + 1);
    if (file.size() > name.size() + 1 &&
        file.compare(file.size() - name.size() - 1, std::string::npos,
                     "-" + name) == 0 &&
        line.find("tkp-plugins-") != std::string::npos) {
      copies.insert(line.substr(line.find('/')));
    }
  }
  return static_cast<int>(copies.size());
}

TEST(PluginLoaderTest, ReloadAddsReplacesAndRemovesWhileOldSetsKeepWorking) {
  const testing::TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
  const std::string layout_a = absl::StrCat(TKP_PLUGIN_DIR, "/tkp_layout_a.so");
  const std::string layout_b = absl::StrCat(TKP_PLUGIN_DIR, "/tkp_layout_b.so");
  PutPlugin(layout_a, dir.path(), "one.so");
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      ImporterRegistry::Open(dir.path());
  ASSERT_TRUE(registry.ok()) << registry.status();
  std::shared_ptr<const ImporterSet> first = (*registry)->current();
  ASSERT_EQ(first->importers().size(), 1u);
  EXPECT_EQ(first->importers()[0].info.name, "layout-a");

  // Nothing changed: nothing is reloaded.
  absl::StatusOr<ImporterRegistry::ReloadReport> same = (*registry)->Reload();
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_THAT(same->unchanged, ::testing::ElementsAre(dir.File("one.so")));
  EXPECT_EQ((*registry)->current()->importers()[0].importer,
            first->importers()[0].importer);

  // one.so now holds layout B; a broken library joins it.
  PutPlugin(layout_b, dir.path(), "one.so");
  PutPlugin(Fixture("fixture_not_a_library"), dir.path(), "two.so");
  absl::StatusOr<ImporterRegistry::ReloadReport> changed =
      (*registry)->Reload();
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_THAT(changed->replaced, ::testing::ElementsAre(dir.File("one.so")));
  EXPECT_THAT(changed->added, ::testing::ElementsAre(dir.File("two.so")));
  std::shared_ptr<const ImporterSet> second = (*registry)->current();
  ASSERT_EQ(second->importers().size(), 1u);
  EXPECT_EQ(second->importers()[0].info.name, "layout-b");
  ASSERT_EQ(second->problems().size(), 1u);
  EXPECT_THAT(second->problems()[0].error,
              HasSubstr("cannot be loaded as a shared library"));

  // Both gone; an import still holding the first set still reads with it.
  std::filesystem::remove(dir.File("one.so"));
  std::filesystem::remove(dir.File("two.so"));
  absl::StatusOr<ImporterRegistry::ReloadReport> emptied =
      (*registry)->Reload();
  ASSERT_TRUE(emptied.ok()) << emptied.status();
  EXPECT_THAT(emptied->removed,
              ::testing::ElementsAre(dir.File("one.so"), dir.File("two.so")));
  EXPECT_TRUE((*registry)->current()->importers().empty());
  EXPECT_EQ(first->importers()[0].importer->Info().name, "layout-a");
  EXPECT_EQ(second->importers()[0].importer->Info().name, "layout-b");
  EXPECT_EQ(MappedCopiesOf("one.so"), 2);

  // Once nothing uses them, the libraries are unloaded.
  first.reset();
  second.reset();
  EXPECT_EQ(MappedCopiesOf("one.so"), 0);
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
