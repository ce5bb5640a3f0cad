// Type-aware linting in the spirit of the Foxglove packages: rules that catch real bugs.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import layers from "./eslint.layers.cjs";

// The layers of src/ and the rule that keeps imports flowing down (docs/architecture.md).
const { layerBoundaries } = layers;

export default tseslint.config(
  { ignores: ["dist/", "coverage/", "node_modules/", "bin/", "build/", "install/", "log/", "*.mjs", "*.cjs", "jest.config.js", "jest.ros.config.js", "scripts/ros/*.cts", "scripts/*.js", "scripts/ros/*.js", ".rclnodejs-types/"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-extraneous-class": "off",
      "@typescript-eslint/prefer-literal-enum-member": "off",
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      eqeqeq: ["error", "always"],
    },
  },
  layerBoundaries,
  {
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/unbound-method": "off",
    },
  },
);
