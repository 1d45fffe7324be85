"""The preview: build, serve the output folder with live reload, rebuild on change."""
